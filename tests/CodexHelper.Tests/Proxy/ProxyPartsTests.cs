using System.Reflection;
using System.Runtime.CompilerServices;
using CodexHelper.Proxy.Attempt;
using CodexHelper.Proxy.Hosting;
using CodexHelper.Proxy.LocalAnswers;
using CodexHelper.Proxy.Reporting;

namespace CodexHelper.Tests.Proxy;

/// <summary>The parts the proxy hands out are complete when built: none of them has a member set afterwards (issue 22).</summary>
public class ProxyPartsTests
{
    [Theory]
    [InlineData(typeof(ProxyRuntime))]
    [InlineData(typeof(RequestReporting))]
    [InlineData(typeof(ObservedProxy))]
    [InlineData(typeof(UpstreamClient))]
    [InlineData(typeof(ProxyStatusSource))]
    public void Has_no_member_set_after_construction(Type type)
    {
        var settable = type.GetProperties(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance)
            .Where(p => p.SetMethod is { } set && !set.ReturnParameter.GetRequiredCustomModifiers().Contains(typeof(IsExternalInit)))
            .Select(p => p.Name);

        Assert.Empty(settable);
    }

    [Fact]
    public void The_request_path_and_the_dashboard_are_not_handed_the_whole_runtime()
    {
        var takers = typeof(ProxyRuntime).Assembly.GetTypes()
            .Where(t => t != typeof(ProxyRuntime) && t != typeof(ProxyServer) && !t.IsNested)
            .Where(t => t.GetConstructors(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance).Any(c => c.GetParameters().Any(p => p.ParameterType == typeof(ProxyRuntime)))
                || t.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly).Any(m => m.GetParameters().Any(p => p.ParameterType == typeof(ProxyRuntime))))
            .Select(t => t.FullName);

        Assert.Empty(takers);
    }
}
